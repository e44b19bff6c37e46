// On-site page (phone): when a photo is chosen, record the time it was taken (the file's own
// time when the browser gives it, else now) and, if the browser allows it, the location, into
// the hidden fields of the photo form. Nothing is sent anywhere else.
document.addEventListener("DOMContentLoaded", () => {
  const input = document.getElementById("id_photo");
  if (!input) return;
  const takenAt = document.getElementById("id_taken_at");
  const lat = document.getElementById("id_latitude");
  const lon = document.getElementById("id_longitude");
  const status = document.getElementById("visits-location");
  const say = (key) => { if (status) status.textContent = status.dataset[key] || ""; };
  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    const when = file && file.lastModified ? new Date(file.lastModified) : new Date();
    takenAt.value = when.toISOString();
    if (!("geolocation" in navigator)) { say("missing"); return; }
    say("waiting");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        lat.value = position.coords.latitude.toFixed(6);
        lon.value = position.coords.longitude.toFixed(6);
        say("found");
      },
      () => { lat.value = ""; lon.value = ""; say("missing"); },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 },
    );
  });
});
