// Maps of reports, drawn with Leaflet (served from this site, /vendor/leaflet/)
// over OpenStreetMap tiles. Leaflet is loaded only on a page with a map, the
// first time one appears: a resident who never opens the map never downloads it.
//
// - `[data-report-map]`: the reports of a list, one circle each (JSON in the
//   attribute: code, lat, lon, title, open), linking to the report's page.
// - `[data-pick-map]`: on the report form, a tap pins the place and fills the
//   form's latitude and longitude fields (named in the attribute's JSON); the
//   pin follows when the phone's position fills them instead. It sits in a
//   <details> and loads when that is opened.
(() => {
  if (window.xasoReportMaps) return; // once, however many pages load it
  window.xasoReportMaps = true;

  const TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  const ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';
  // The centre of Vietnam's map when nothing is placed yet.
  const VIETNAM = { center: [16.0, 106.0], zoom: 5 };

  let leaflet;
  function loadLeaflet() {
    leaflet ||= new Promise((resolve, reject) => {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = "/vendor/leaflet/leaflet.css";
      document.head.append(css);
      const script = document.createElement("script");
      script.src = "/vendor/leaflet/leaflet.js";
      script.onload = () => resolve(window.L);
      script.onerror = reject;
      document.head.append(script);
    });
    return leaflet;
  }

  function baseMap(L, element) {
    const map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
    return map;
  }

  function reportsMap(L, element) {
    const reports = JSON.parse(element.dataset.reportMap || "[]");
    const map = baseMap(L, element);
    // The view first: Leaflet places markers only on a map that has one.
    const bounds = reports.map((r) => [r.lat, r.lon]);
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    else map.setView(VIETNAM.center, VIETNAM.zoom);
    for (const r of reports) {
      const marker = L.circleMarker([r.lat, r.lon], {
        radius: 9,
        weight: 2,
        color: r.open ? "#b3261e" : "#1b6e3a",
        fillOpacity: 0.6,
      }).addTo(map);
      const link = document.createElement("a");
      link.href = "/reports/" + encodeURIComponent(r.code);
      link.textContent = r.title + " · " + r.code;
      marker.bindPopup(link);
      marker.getElement()?.setAttribute("data-code", r.code);
    }
  }

  function pickMap(L, element) {
    const names = JSON.parse(element.dataset.pickMap);
    const form = element.closest("form");
    const latitude = form.querySelector(`[name="${names.latitude}"]`);
    const longitude = form.querySelector(`[name="${names.longitude}"]`);
    const map = baseMap(L, element);
    let pin = null;
    const place = (lat, lon, move) => {
      if (pin) pin.setLatLng([lat, lon]);
      else pin = L.circleMarker([lat, lon], { radius: 10, weight: 3, color: "#0b57d0" }).addTo(map);
      if (move) map.setView([lat, lon], Math.max(map.getZoom() || 0, 16));
    };
    const centre = JSON.parse(element.dataset.center || "null");
    if (centre) map.setView(centre, 14);
    else map.setView(VIETNAM.center, VIETNAM.zoom);
    map.on("click", (event) => {
      const { lat, lng } = event.latlng;
      latitude.value = lat.toFixed(6);
      longitude.value = lng.toFixed(6);
      seen = latitude.value + "," + longitude.value;
      place(lat, lng, false);
      // The nearby-reports list (/report-form.js) follows the input event.
      latitude.dispatchEvent(new Event("input", { bubbles: true }));
    });
    // The phone's position (the "use my position" button) and a restored draft
    // fill the fields from /report-form.js: the pin follows by looking once a
    // second while the map is on the page.
    let seen = "";
    const follow = () => {
      if (!element.isConnected) return clearInterval(timer);
      const now = latitude.value + "," + longitude.value;
      if (now === seen) return;
      seen = now;
      const lat = parseFloat(latitude.value);
      const lon = parseFloat(longitude.value);
      if (Number.isFinite(lat) && Number.isFinite(lon)) place(lat, lon, true);
    };
    const timer = setInterval(follow, 1000);
    follow();
  }

  async function setup(element) {
    element.dataset.ready = "1";
    try {
      const L = await loadLeaflet();
      if (element.hasAttribute("data-report-map")) reportsMap(L, element);
      else pickMap(L, element);
      element.dataset.ready = "map";
    } catch (error) {
      element.dataset.ready = "failed";
      element.hidden = true;
      console.warn("map not shown", error);
    }
  }

  // Maps inside a closed <details> wait until it is opened.
  function scan() {
    document
      .querySelectorAll("[data-report-map]:not([data-ready]), [data-pick-map]:not([data-ready])")
      .forEach((element) => element.closest("details:not([open])") || setup(element));
  }
  scan();
  document.addEventListener("toggle", scan, true);
  // Pages reached without a reload (the app navigates in the browser).
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
})();
