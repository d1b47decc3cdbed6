// Pointer events queued as they arrive and handed to the UI one button change per frame. A click
// and a move to the next widget can land between two frames; applied together, the first click
// would be lost (press at one place, release at another).
#pragma once
#include <array>
#include <deque>

namespace cw::app {

class PointerQueue {
public:
    static constexpr int kButtons = 3;

    void move(float x, float y) { events_.push_back({x, y, -1, false}); }
    void button(int button, bool down) { events_.push_back({0, 0, button, down}); }

    // Applies queued moves up to and including the next button change; returns true when more
    // events wait for the next frame.
    bool advance();

    float x() const { return x_; }
    float y() const { return y_; }
    bool down(int button) const { return button >= 0 && button < kButtons && down_[button]; }

private:
    struct Event {
        float x, y;
        int button;  // -1: a move
        bool down;
    };
    std::deque<Event> events_;
    float x_ = -1.0f, y_ = -1.0f;
    std::array<bool, kButtons> down_{};
};

}  // namespace cw::app
