// The page around the canvas (web/clipwright_page.js): loader, fatal errors, the test hook.
#pragma once

extern "C" {
int cw_page_is_test_mode();
void cw_page_install_test_hook();
void cw_page_first_frame();
void cw_page_show_fatal(const char* message);
}
