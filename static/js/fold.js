/* Folded filters (<details data-fold>): closed on phones so that the results come first,
   open on wide screens where they sit beside the results. Loaded right after the fold,
   without defer, so a wide screen never sees it closed. */
(function () {
    "use strict";
    var wide = window.matchMedia("(min-width: 60em)");
    function apply() {
        Array.prototype.forEach.call(document.querySelectorAll("details[data-fold]"), function (fold) {
            fold.open = wide.matches;
        });
    }
    apply();
    if (wide.addEventListener) { wide.addEventListener("change", apply); }
}());
