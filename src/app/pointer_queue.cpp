// One button transition per frame; moves in between are applied as they come.
#include "app/pointer_queue.hpp"

namespace cw::app {

bool PointerQueue::advance() {
    bool moved = false;
    while (!events_.empty()) {
        const Event e = events_.front();
        if (e.button < 0) {
            events_.pop_front();
            moved = moved || e.x != x_ || e.y != y_;
            x_ = e.x;
            y_ = e.y;
            continue;
        }
        // A finger lands where no pointer hovered: the UI sees it there for one frame before the
        // press, as it would a mouse, so the widget under it takes the press.
        if (moved && e.down) break;
        events_.pop_front();
        if (e.button < kButtons && down_[e.button] != e.down) {
            down_[e.button] = e.down;
            ++applied_changes_;
            break;
        }
    }
    return !events_.empty();
}

std::optional<KeyPresses::Press> KeyPresses::take(const std::function<bool(int key)>& is_down) {
    while (!pending_.empty()) {
        const Press press = pending_.front();
        pending_.pop_front();
        if (!is_down(press.key)) return press;  // released before any frame saw it
    }
    return std::nullopt;
}

}  // namespace cw::app
