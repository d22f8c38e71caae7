/* The phone menu: the toggle opens and closes the header's panel; Escape closes it and
   gives focus back to the toggle. Without JavaScript the panel simply stays open. */
(function () {
    "use strict";
    var toggle = document.querySelector(".main-menu__toggle");
    var panel = document.getElementById("site-menu");
    if (!toggle || !panel) { return; }
    toggle.hidden = false;
    panel.classList.add("site-menu--collapsible");

    function setOpen(open) {
        toggle.setAttribute("aria-expanded", String(open));
        panel.classList.toggle("is-open", open);
    }

    toggle.addEventListener("click", function () {
        setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
            setOpen(false);
            toggle.focus();
        }
    });
})();
