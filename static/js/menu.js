/* The main menu folds behind a "Menu" button on narrow screens (site.css). */
(function () {
    var toggle = document.querySelector(".main-menu__toggle");
    var list = document.getElementById("main-menu-list");
    if (!toggle || !list) { return; }
    toggle.hidden = false;
    list.classList.add("main-menu__list--collapsible");
    toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") === "true";
        toggle.setAttribute("aria-expanded", String(!open));
        list.classList.toggle("is-open", !open);
    });
})();
