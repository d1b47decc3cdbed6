# cmake -DSITE=dir -P HashSite.cmake
# Renames index.js, index.wasm and fonts/cjk.ttf to names carrying their content's hash
# (index.<hash>.js, …) and points index.html at them. The server lets browsers keep hashed files for
# good (Cache-Control: immutable) and revalidates only the page, so a repeat visit downloads nothing
# it already has. Names from earlier builds are removed.
set(assets "")
set(page_file "${SITE}/index.html")
file(READ "${page_file}" page)

foreach(relative index.js index.wasm fonts/cjk.ttf)
  if(NOT EXISTS "${SITE}/${relative}")
    continue()
  endif()
  file(SHA256 "${SITE}/${relative}" digest)
  string(SUBSTRING "${digest}" 0 16 short)
  string(REGEX REPLACE "^(.*)\\.([a-z0-9]+)$" "\\1" stem "${relative}")
  string(REGEX REPLACE "^(.*)\\.([a-z0-9]+)$" "\\2" extension "${relative}")
  set(hashed "${stem}.${short}.${extension}")
  file(GLOB stale "${SITE}/${stem}.*.${extension}")
  foreach(old IN LISTS stale)
    if(old MATCHES "/[^/.]+\\.[0-9a-f]+\\.[a-z0-9]+$")
      file(REMOVE "${old}")
    endif()
  endforeach()
  file(RENAME "${SITE}/${relative}" "${SITE}/${hashed}")
  string(REPLACE "\"${relative}\"" "\"${hashed}\"" page "${page}")
  string(APPEND assets "\"${relative}\": \"${hashed}\", ")
endforeach()

string(REGEX REPLACE ", $" "" assets "${assets}")
string(REPLACE "{/*hashed-assets*/}" "{${assets}}" page "${page}")
file(WRITE "${page_file}" "${page}")
