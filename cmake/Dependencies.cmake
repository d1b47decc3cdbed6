# Header-only and system dependencies, the same way for both builds.

# nlohmann/json comes from Debian (/usr/include/nlohmann). The web build must not see the rest of
# /usr/include, so it gets a folder holding only a link to that one directory.
set(CW_JSON_INCLUDE "${CMAKE_BINARY_DIR}/json_include")
if(NOT EXISTS "${CW_JSON_INCLUDE}/nlohmann/json.hpp")
  if(NOT EXISTS /usr/include/nlohmann/json.hpp)
    message(FATAL_ERROR "nlohmann/json not found: run scripts/setup.sh")
  endif()
  file(MAKE_DIRECTORY "${CW_JSON_INCLUDE}")
  file(CREATE_LINK /usr/include/nlohmann "${CW_JSON_INCLUDE}/nlohmann" SYMBOLIC)
endif()
add_library(cw_json INTERFACE)
target_include_directories(cw_json SYSTEM INTERFACE "${CW_JSON_INCLUDE}")

# Dear ImGui 1.86 from Debian's source package, unpacked by scripts/setup.sh.
file(GLOB CW_IMGUI_CANDIDATES "${CW_THIRD_PARTY_DIR}/imgui-1.86*")
list(LENGTH CW_IMGUI_CANDIDATES _imgui_found)
if(_imgui_found GREATER 0)
  list(GET CW_IMGUI_CANDIDATES 0 CW_IMGUI_DIR)
endif()
