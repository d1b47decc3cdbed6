// localStorage for the core's Storage interface (client id, token, session, renders, layout).
// A browser that refuses storage (private mode, quota) behaves like an empty store.
mergeInto(LibraryManager.library, {
  // Returns the value's UTF-8 length (written when it is less than cap), or -1 when absent.
  cw_storage_get__sig: 'iiii',
  cw_storage_get__deps: [],
  cw_storage_get: function (key, buf, cap) {
    var value = null;
    try { value = window.localStorage.getItem(UTF8ToString(key)); } catch (e) { value = null; }
    if (value === null) return -1;
    var needed = lengthBytesUTF8(value);
    if (needed < cap) stringToUTF8(value, buf, cap);
    return needed;
  },

  cw_storage_set__sig: 'vii',
  cw_storage_set__deps: [],
  cw_storage_set: function (key, value) {
    try { window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) { /* quota: keep running */ }
  },

  cw_storage_remove__sig: 'vi',
  cw_storage_remove__deps: [],
  cw_storage_remove: function (key) {
    try { window.localStorage.removeItem(UTF8ToString(key)); } catch (e) { /* nothing stored */ }
  },
});
