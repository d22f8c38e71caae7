// /annuaire/: the form works without JavaScript; with it, ticking a facet searches at
// once and the words box suggests skills (/api/v1/skills/?prefix=...).
(function () {
    "use strict";
    var form = document.querySelector("[data-directory-search]");
    if (!form) { return; }

    form.addEventListener("change", function (event) {
        var target = event.target;
        if (target.type === "checkbox" || target.type === "radio" || target.tagName === "SELECT") {
            if (target.name === "radius_km" && !form.elements.commune.value) { return; }
            form.requestSubmit ? form.requestSubmit() : form.submit();
        }
    });
    // Empty fields stay out of the shared URL.
    form.addEventListener("submit", function () {
        Array.prototype.forEach.call(form.elements, function (field) {
            if (field.name && field.value === "" && field.type !== "checkbox" && field.type !== "radio") {
                field.disabled = true;
            }
        });
    });

    var input = form.querySelector("#directory-q");
    var list = document.getElementById("directory-q-suggestions");
    var url = form.getAttribute("data-skills-url");
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
        var prefix = input.value.trim();
        clearTimeout(timer);
        if (prefix.length < 2 || prefix === last) { return; }
        timer = setTimeout(function () {
            last = prefix;
            fetch(url + "?prefix=" + encodeURIComponent(prefix), {headers: {"Accept": "application/json"}})
                .then(function (response) { return response.ok ? response.json() : {skills: []}; })
                .then(function (data) {
                    list.textContent = "";
                    data.skills.forEach(function (skill) {
                        var option = document.createElement("option");
                        option.value = skill.name;
                        list.appendChild(option);
                    });
                })
                .catch(function () { /* suggestions are a convenience */ });
        }, 150);
    });
}());
