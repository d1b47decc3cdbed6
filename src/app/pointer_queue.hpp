// Pointer events queued as they arrive and handed to the UI one button change per frame. A click
// and a move to the next widget can land between two frames; applied together, the first click
// would be lost (press at one place, release at another).
#pragma once
#include <array>
#include <deque>
#include <functional>
#include <optional>

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
    // Button changes handed to the UI so far: a click has been seen by a frame once this has
    // grown by two since it was sent (frames drawn meanwhile for other reasons do not count).
    unsigned long applied_changes() const { return applied_changes_; }

private:
    struct Event {
        float x, y;
        int button;  // -1: a move
        bool down;
    };
    std::deque<Event> events_;
    float x_ = -1.0f, y_ = -1.0f;
    std::array<bool, kButtons> down_{};
    unsigned long applied_changes_ = 0;
};

// Key presses kept until a frame has seen them: a shortcut pressed and released between two slow
// frames (Ctrl+Z under load) would otherwise never be down in any frame.
class KeyPresses {
public:
    struct Press {
        int key;
        bool ctrl, shift;
    };

    void press(int key, bool ctrl, bool shift) { pending_.push_back({key, ctrl, shift}); }
    // The next press the frame has not seen held; the rest wait for the following frames.
    std::optional<Press> take(const std::function<bool(int key)>& is_down);

private:
    std::deque<Press> pending_;
};

}  // namespace cw::app
