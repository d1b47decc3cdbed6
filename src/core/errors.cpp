// Envelope reading and the user-facing words for each error action.
#include "core/errors.hpp"

#include "core/upload_checks.hpp"
#include "draft/media_types.hpp"

namespace cw::core {

namespace {

constexpr int http_unauthorized = 401;

// An ADK API server answers {"error": "…"} with an HTTP status; "Session not found" with 404 means
// the session is gone, exactly as 1002 does.
void read_adk_error(const nlohmann::json& parsed, int http_status, Envelope& envelope) {
    auto error = parsed.find("error");
    if (error == parsed.end() || !error->is_string() || parsed.contains("code")) return;
    const std::string& text = error->get_ref<const std::string&>();
    if (envelope.message.empty()) envelope.message = text;
    if (http_status == 404 && text.rfind("Session not found", 0) == 0) envelope.code = codes::session_not_found;
}

}  // namespace

Envelope read_envelope(int http_status, std::string_view body) {
    Envelope envelope;
    nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
    bool is_object = !parsed.is_discarded() && parsed.is_object();
    auto code = is_object ? parsed.find("code") : parsed.end();
    if (is_object && code != parsed.end() && code->is_number_integer()) {
        envelope.code = code->get<int>();
    } else if (http_status == http_unauthorized) {
        envelope.code = codes::bad_token;
    } else if (http_status >= 400 || http_status <= 0) {
        envelope.code = http_status > 0 ? http_status : codes::network;
    } else if (!is_object) {
        envelope.code = codes::unreadable;
    }
    if (is_object) {
        auto message = parsed.find("message");
        if (message != parsed.end() && message->is_string()) envelope.message = message->get<std::string>();
        auto data = parsed.find("data");
        if (data != parsed.end() && !data->is_null()) envelope.data = *data;
        read_adk_error(parsed, http_status, envelope);
    }
    if (envelope.message.empty() && !envelope.ok()) envelope.message = "HTTP " + std::to_string(http_status);
    return envelope;
}

ErrorAction action_for(int code, bool registered) {
    switch (code) {
    case codes::ok: return ErrorAction::none;
    case codes::bad_token: return ErrorAction::renew_token;
    case codes::session_not_found: return ErrorAction::new_session;
    case codes::no_credits: return registered ? ErrorAction::top_up : ErrorAction::bind_account;
    case codes::unsupported_type: return ErrorAction::accepted_formats;
    case codes::file_too_large: return ErrorAction::size_limit;
    case codes::missing_client_id: return ErrorAction::new_client_id;
    case codes::export_blocked: return ErrorAction::upgrade_plan;
    case codes::rate_limited: return ErrorAction::wait_and_retry;
    default: return ErrorAction::report;
    }
}

const char* to_string(ErrorAction action) {
    switch (action) {
    case ErrorAction::none: return "none";
    case ErrorAction::renew_token: return "renew_token";
    case ErrorAction::new_session: return "new_session";
    case ErrorAction::bind_account: return "bind_account";
    case ErrorAction::top_up: return "top_up";
    case ErrorAction::accepted_formats: return "accepted_formats";
    case ErrorAction::size_limit: return "size_limit";
    case ErrorAction::new_client_id: return "new_client_id";
    case ErrorAction::upgrade_plan: return "upgrade_plan";
    case ErrorAction::wait_and_retry: return "wait_and_retry";
    case ErrorAction::report: return "report";
    }
    return "report";
}

std::string user_message(int code, ErrorAction action, const std::string& server_message, const ErrorContext& context) {
    std::string file = context.file_name.empty() ? "" : context.file_name + ": ";
    switch (action) {
    case ErrorAction::none: return {};
    case ErrorAction::renew_token: return "Could not sign in to the server. Please reload the page.";
    case ErrorAction::new_session:
        return "The previous session was not found, so a new one was started. Earlier messages stay here, "
               "but the agent does not remember them.";
    case ErrorAction::bind_account:
        return "You are out of credits. Register to get more: " + context.bind_link;
    case ErrorAction::top_up: return "You are out of credits. Top up your credits to continue.";
    case ErrorAction::accepted_formats:
        return file + "this file type is not supported. Accepted formats: " + draft::formats_text() + ".";
    case ErrorAction::size_limit:
        if (context.too_many_pixels && !server_message.empty()) return file + server_message + ".";
        return file + "the file is too large (limit " + format_megabytes(context.max_upload_bytes) +
               "). Trim or compress it and try again.";
    case ErrorAction::new_client_id: return "The server did not accept this browser's id. Please reload the page.";
    case ErrorAction::upgrade_plan: return "Register or upgrade to unlock export.";
    case ErrorAction::wait_and_retry: return "The server is busy (too many requests). Please try again in a minute.";
    case ErrorAction::report: break;
    }
    if (code == codes::network) return "Cannot reach the server" + (server_message.empty() ? "." : ": " + server_message);
    return server_message.empty() ? "The server reported error " + std::to_string(code) + "." : server_message;
}

}  // namespace cw::core
