/* The profile form: skill suggestions for the last skill typed. */
(function () {
    // Suggestions for the last skill being typed in the comma-separated list.
    var input = document.getElementById("id_skills");
    var list = document.getElementById("skill-suggestions");
    if (!input || !list) { return; }
    var names = Array.prototype.map.call(list.options, function (o) { return o.value; });
    input.addEventListener("input", function () {
        var parts = input.value.split(",");
        var done = parts.slice(0, -1).map(function (p) { return p.trim(); }).filter(Boolean);
        var prefix = done.length ? done.join(", ") + ", " : "";
        var typed = parts[parts.length - 1].trim().toLowerCase();
        list.innerHTML = "";
        names.filter(function (n) { return !typed || n.toLowerCase().indexOf(typed) !== -1; }).slice(0, 30).forEach(function (n) {
            var option = document.createElement("option");
            option.value = prefix + n;
            list.appendChild(option);
        });
    });
})();
