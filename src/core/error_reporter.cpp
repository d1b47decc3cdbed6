// The same error twice in a row is shown once: a flaky network should not flood the list.
#include "core/error_reporter.hpp"

namespace cw::core {

namespace {

std::string bind_id_in(const nlohmann::json& data) {
    if (!data.is_object()) return {};
    for (const char* key : {"bind_id", "bindId"}) {
        auto found = data.find(key);
        if (found != data.end() && found->is_string()) return found->get<std::string>();
    }
    return {};
}

// A server's 4002 names its own limit, which may differ from the one this client assumed.
std::int64_t limit_in(const nlohmann::json& data, std::int64_t fallback) {
    if (!data.is_object()) return fallback;
    auto found = data.find("limit_bytes");
    return found != data.end() && found->is_number_integer() && found->get<std::int64_t>() > 0
               ? found->get<std::int64_t>()
               : fallback;
}

}  // namespace

std::string ErrorReporter::bind_link(const ApiFailure* failure) const {
    std::string id = failure ? bind_id_in(failure->data) : std::string();
    if (id.empty()) id = state_bind_id_;
    if (id.empty()) id = connection_.bind_id();
    if (id.empty()) id = connection_.session_id();
    std::string url = registration_url(config_);
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "bind=" + id;
}

void ErrorReporter::report(const ApiFailure& failure, const std::string& file_name) {
    ErrorContext context;
    context.max_upload_bytes = limit_in(failure.data, config_.max_upload_bytes);
    context.file_name = file_name;
    context.too_many_pixels = failure.data.is_object() && failure.data.contains("limit_pixels");
    ErrorAction action = failure.action;
    if (action == ErrorAction::bind_account) context.bind_link = bind_link(&failure);
    ErrorEntry entry;
    entry.code = failure.code;
    entry.action = to_string(action);
    entry.message = user_message(failure.code, action, failure.message, context);
    entry.link = context.bind_link;
    add(std::move(entry));
}

void ErrorReporter::add(ErrorEntry entry) {
    if (!state_.errors.empty() && state_.errors.back().code == entry.code && state_.errors.back().message == entry.message)
        return;
    state_.errors.push_back(std::move(entry));
    if (state_.errors.size() > max_errors_kept) state_.errors.erase(state_.errors.begin());
}

}  // namespace cw::core
