/* The error summary of a form (templates/includes/error_summary.html): focused on load so
   that screen readers read it first; its links move the focus to their field and scroll its
   label (or legend) into view, as on GOV.UK. */
(function () {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        if (!link) { return; }
        var input = document.getElementById(link.getAttribute("href").slice(1));
        if (!input) { return; }
        event.preventDefault();
        var group = input.closest("fieldset");
        var label = (group && group.querySelector("legend")) || document.querySelector("label[for='" + input.id + "']");
        (label || input).scrollIntoView();
        input.focus({ preventScroll: true });
    });
})();
