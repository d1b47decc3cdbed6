// Saves a finished export through the browser: a same-origin link with a download name.
mergeInto(LibraryManager.library, {
  cw_download__sig: 'vii',
  cw_download__deps: [],
  cw_download: function (url, filename) {
    var link = document.createElement('a');
    link.href = UTF8ToString(url);
    link.download = UTF8ToString(filename);
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
  },
});
