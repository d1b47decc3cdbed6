#include "app/touch_gestures.hpp"

#include <cmath>

namespace cw::app {
namespace {

constexpr float kStopSpeed = 0.02f;   // px/ms: a glide this slow has ended
constexpr float kFlickSpeed = 0.1f;   // px/ms: a lift slower than this does not glide
constexpr double kSmoothingMs = 50;   // recent moves weigh most in the lift's speed
constexpr double kRestingMs = 100;    // no move for this long before the lift: the finger stopped

float distance(float ax, float ay, float bx, float by) { return std::hypot(ax - bx, ay - by); }

}  // namespace

TouchGestures::Finger* TouchGestures::finger(int id) {
    if (first_.id == id) return &first_;
    if (second_.id == id) return &second_;
    return nullptr;
}

void TouchGestures::down(int id, float x, float y, double now_ms) {
    if (state_ == State::idle) {
        // A finger on gliding content stops it, and that touch is not a click.
        caught_glide_ = gliding();
        velocity_x_ = velocity_y_ = 0;
        first_ = {id, x, y};
        start_x_ = x, start_y_ = y, start_ms_ = last_ms_ = now_ms;
        pointer_.move(x, y);
        state_ = drags_here && drags_here(x, y) ? State::dragging_widget : State::pressed;
        if (state_ == State::dragging_widget) pointer_.button(0, true);
        return;
    }
    if (second_.id < 0 && (state_ == State::pressed || state_ == State::panning || state_ == State::dragging_widget))
        start_pinch(id, x, y);
}

void TouchGestures::start_pinch(int id, float x, float y) {
    if (state_ == State::dragging_widget) pointer_.button(0, false);
    second_ = {id, x, y};
    pinch_distance_ = std::max(1.0f, distance(first_.x, first_.y, x, y));
    state_ = State::pinching;
}

void TouchGestures::move(int id, float x, float y, double now_ms) {
    Finger* f = finger(id);
    if (!f) return;
    if (state_ == State::pinching) {
        f->x = x, f->y = y;
        pinch_to();
        return;
    }
    if (id != first_.id) return;
    if (state_ == State::pressed && distance(x, y, start_x_, start_y_) > kSlopPx) state_ = State::panning;
    if (state_ == State::panning) pan_to(x, y, now_ms);
    if (state_ == State::dragging_widget || state_ == State::panning) pointer_.move(x, y);
    f->x = x, f->y = y;
}

void TouchGestures::pan_to(float x, float y, double now_ms) {
    const float dx = x - first_.x, dy = y - first_.y;
    frame_.pan_x += dx;
    frame_.pan_y += dy;
    const double dt = std::max(1.0, now_ms - last_ms_);
    const float weight = static_cast<float>(std::min(1.0, dt / kSmoothingMs));
    velocity_x_ += (static_cast<float>(dx / dt) - velocity_x_) * weight;
    velocity_y_ += (static_cast<float>(dy / dt) - velocity_y_) * weight;
    last_ms_ = now_ms;
}

void TouchGestures::pinch_to() {
    const float d = std::max(1.0f, distance(first_.x, first_.y, second_.x, second_.y));
    frame_.pinch *= d / pinch_distance_;
    frame_.pinch_x = (first_.x + second_.x) / 2;
    frame_.pinch_y = (first_.y + second_.y) / 2;
    pinch_distance_ = d;
}

void TouchGestures::up(int id, float x, float y, double now_ms) {
    if (!finger(id)) return;
    switch (state_) {
        case State::pressed:  // a tap: press and release where the finger landed
            if (caught_glide_) break;
            pointer_.button(0, true);
            pointer_.button(0, false);
            break;
        case State::panning: {
            // A finger that rested before lifting does not glide.
            const double resting_ms = now_ms - last_ms_;
            if (x != first_.x || y != first_.y) pan_to(x, y, now_ms);
            if (resting_ms > kRestingMs || std::hypot(velocity_x_, velocity_y_) < kFlickSpeed) velocity_x_ = velocity_y_ = 0;
            last_ms_ = now_ms;
            break;
        }
        case State::dragging_widget:
            pointer_.move(x, y);
            pointer_.button(0, false);
            break;
        default: break;
    }
    if (id == first_.id) first_ = second_;
    second_ = {};
    // After a pinch the other finger stays down, but it starts nothing until it lifts too.
    state_ = first_.id >= 0 ? State::done : State::idle;
}

void TouchGestures::update(double now_ms) {
    if (state_ == State::pressed && now_ms - start_ms_ >= kLongPressMs) {
        pointer_.button(1, true);
        pointer_.button(1, false);
        state_ = State::done;
    }
    if (state_ != State::idle || !gliding()) return;
    const double dt = now_ms - last_ms_;
    if (dt <= 0) return;
    const float decay = static_cast<float>(std::exp(-dt / kGlideTimeMs));
    // The distance covered while the speed decays over dt: v·τ·(1 − e^(−dt/τ)).
    const float travel = static_cast<float>(kGlideTimeMs) * (1 - decay);
    frame_.pan_x += velocity_x_ * travel;
    frame_.pan_y += velocity_y_ * travel;
    velocity_x_ *= decay;
    velocity_y_ *= decay;
    if (std::hypot(velocity_x_, velocity_y_) < kStopSpeed) velocity_x_ = velocity_y_ = 0;
    last_ms_ = now_ms;
}

GestureFrame TouchGestures::take() {
    GestureFrame taken = frame_;
    taken.touching = busy();
    frame_ = {};
    return taken;
}

}  // namespace cw::app
