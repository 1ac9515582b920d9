// Yardstick's service worker: see assets/js/offline.js
