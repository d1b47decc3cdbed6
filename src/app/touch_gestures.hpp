// Fingers on a touch screen turned into what the panels understand, as phone apps behave:
// - a tap is a click where the finger landed;
// - a drag pans what is under it, and keeps gliding with inertia after the finger lifts;
// - a drag that starts on something that drags (the ruler, a trim handle, a slider) stays a drag;
// - two fingers pinch (the timeline zooms);
// - a long press is a right click (a segment's actions).
// Platform-free: the platform feeds touches and applies the results each frame.
#pragma once
#include <functional>

#include "app/pointer_queue.hpp"

namespace cw::app {

// What the fingers did since the last frame took it.
struct GestureFrame {
    float pan_x = 0, pan_y = 0;      // pixels the content under the finger should follow
    float pinch = 1.0f;              // scale since the last frame; 1: no pinch
    float pinch_x = 0, pinch_y = 0;  // the two fingers' midpoint
    bool touching = false;           // a finger is down or the content is still gliding
};

class TouchGestures {
public:
    static constexpr float kSlopPx = 10.0f;      // movement that turns a press into a drag
    static constexpr double kLongPressMs = 500;
    static constexpr double kGlideTimeMs = 325;  // inertia's decay constant, as iOS scroll views

    explicit TouchGestures(PointerQueue& pointer) : pointer_(pointer) {}

    // Whether a drag starting at (x, y) belongs to the widget there rather than panning.
    std::function<bool(float x, float y)> drags_here;

    void down(int finger, float x, float y, double now_ms);
    void move(int finger, float x, float y, double now_ms);
    void up(int finger, float x, float y, double now_ms);

    // Timers: the long press, and the glide after a flick.
    void update(double now_ms);
    // Frames are needed while a finger is down or the content glides.
    bool busy() const { return state_ != State::idle || gliding(); }
    GestureFrame take();

private:
    enum class State { idle, pressed, panning, dragging_widget, pinching, done };
    struct Finger {
        int id = -1;
        float x = 0, y = 0;
    };

    void start_pinch(int finger, float x, float y);
    void pan_to(float x, float y, double now_ms);
    void pinch_to();
    bool gliding() const { return velocity_x_ != 0 || velocity_y_ != 0; }
    Finger* finger(int id);

    PointerQueue& pointer_;
    State state_ = State::idle;
    Finger first_, second_;
    float start_x_ = 0, start_y_ = 0;
    double start_ms_ = 0;
    double last_ms_ = 0;
    float pinch_distance_ = 0;
    float velocity_x_ = 0, velocity_y_ = 0;  // px per ms, smoothed over the last moves
    bool caught_glide_ = false;
    GestureFrame frame_;
};

}  // namespace cw::app
