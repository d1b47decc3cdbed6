// One button transition per frame; moves in between are applied as they come.
#include "app/pointer_queue.hpp"

namespace cw::app {

bool PointerQueue::advance() {
    while (!events_.empty()) {
        const Event e = events_.front();
        events_.pop_front();
        if (e.button < 0) {
            x_ = e.x;
            y_ = e.y;
            continue;
        }
        if (e.button < kButtons && down_[e.button] != e.down) {
            down_[e.button] = e.down;
            break;
        }
    }
    return !events_.empty();
}

}  // namespace cw::app
