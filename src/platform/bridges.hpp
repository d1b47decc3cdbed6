// The JS bridges in web/*.js as C++ sees them. Only src/platform includes this.
#pragma once

extern "C" {
// clipwright_http.js
void cw_http_start(int id, const char* method, const char* url, const char* headers_json, const char* body,
                   int body_length);
int cw_http_status(int id);
int cw_http_content_type(int id, char* buf, int cap);
int cw_http_read(int id, char* buf, int cap);
int cw_http_phase(int id);
int cw_http_error(int id, char* buf, int cap);
void cw_http_cancel(int id);
void cw_http_release(int id);
double cw_http_take_arrival();

// clipwright_files.js
void cw_files_pick(const char* accept);
void cw_files_listen_for_drops();
int cw_files_dragging();
int cw_files_take_incoming(char* buf, int cap);
void cw_files_release(int handle);
void cw_upload_start(int id, const char* url, const char* headers_json, const char* handles_json, const char* field);
int cw_upload_progress(int id, double* sent, double* total);

// clipwright_download.js
void cw_download(const char* url, const char* filename);

// clipwright_preview.js
void cw_preview_show(const char* url, int is_image, float x, float y, float w, float h);
void cw_preview_hide();

// clipwright_player.js
void cw_player_show(const char* url, float x, float y, float w, float h);
void cw_player_hide();
void cw_player_play(int play, double rate);
void cw_player_seek(double seconds);
int cw_player_status(double* time_s, double* duration_s);

// clipwright_touch.js
void cw_touch_listen();

// clipwright_viewport.js
void cw_viewport_listen();

// clipwright_page.js
double cw_page_time_origin();
double cw_page_entropy();
void cw_page_open_link(const char* url);
int cw_page_language(char* buf, int cap);
int cw_page_asset_url(const char* name, char* buf, int cap);

// clipwright_text.js
void cw_text_place(float x, float y, float w, float h, const char* placeholder);
void cw_text_set(const char* text);
int cw_text_take(char* buf, int cap);
int cw_text_take_submits();
void cw_text_focus();

// clipwright_thumbs.js
int cw_thumb_request(const char* url, int kind, int max_px);
int cw_thumb_poll(int id, int* texture, int* width, int* height);

// clipwright_storage.js
int cw_storage_get(const char* key, char* buf, int cap);
void cw_storage_set(const char* key, const char* value);
void cw_storage_remove(const char* key);
}
