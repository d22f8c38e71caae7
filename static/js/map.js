/* Draws the telecentres on a Leaflet map. The points come from the page's own list
   (data-map-points) or from a GeoJSON URL (data-geojson); the list stays on the
   page as the accessible alternative to the map. */
(function () {
    "use strict";
    if (typeof L === "undefined") { return; }

    function addMarker(map, lat, lng, title, url) {
        var link = document.createElement("a");
        link.href = url;
        link.textContent = title;
        L.marker([lat, lng], { title: title, alt: title, keyboard: true }).addTo(map).bindPopup(link);
        return [lat, lng];
    }

    function draw(element) {
        var tileUrl = element.getAttribute("data-tile-url");
        var map = L.map(element, { scrollWheelZoom: false }).setView([45.05, 2.65], 9);
        L.tileLayer(tileUrl, {
            maxZoom: 18,
            attribution: element.getAttribute("data-attribution") || ""
        }).addTo(map);
        var bounds = [];
        var geojsonUrl = element.getAttribute("data-geojson");
        function fit() { if (bounds.length) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12 }); } }
        if (geojsonUrl) {
            fetch(geojsonUrl, { headers: { Accept: "application/geo+json" } })
                .then(function (response) { return response.json(); })
                .then(function (data) {
                    data.features.forEach(function (feature) {
                        var c = feature.geometry.coordinates;
                        bounds.push(addMarker(map, c[1], c[0], feature.properties.name, feature.properties.url));
                    });
                    fit();
                });
        } else {
            var list = element.parentNode.querySelector("[data-map-points]");
            if (!list) { return; }
            list.querySelectorAll("li[data-lat]").forEach(function (item) {
                bounds.push(addMarker(map, parseFloat(item.dataset.lat), parseFloat(item.dataset.lng),
                    item.dataset.title, item.dataset.url));
            });
            fit();
        }
    }

    // Each map is drawn (and its tiles loaded) when it comes near the screen: a map below
    // the fold costs nothing to a visitor who does not scroll to it.
    var maps = document.querySelectorAll("[data-map]");
    if (!("IntersectionObserver" in window)) { maps.forEach(draw); return; }
    var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
            if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
        });
    }, { rootMargin: "200px" });
    maps.forEach(function (element) { observer.observe(element); });
})();
