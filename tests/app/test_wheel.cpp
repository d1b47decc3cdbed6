#include <doctest/doctest.h>

#include <limits>

#include "app/wheel.hpp"

using cw::app::wheel_notches;

TEST_CASE("a Chromium wheel notch is one ImGui notch, turned the way ImGui counts") {
    CHECK(wheel_notches(0, 100, 0).vertical == doctest::Approx(-1.0));   // content moves up: wheel towards the user
    CHECK(wheel_notches(0, -100, 0).vertical == doctest::Approx(1.0));
    CHECK(wheel_notches(120, 0, 0).horizontal == doctest::Approx(-1.2));  // scroll right
    CHECK(wheel_notches(0, 100, 0).horizontal == 0.0f);
}

TEST_CASE("line and page deltas become notches") {
    CHECK(wheel_notches(0, 3, 1).vertical == doctest::Approx(-1.0));    // Firefox: 3 lines a notch
    CHECK(wheel_notches(0, -1, 2).vertical == doctest::Approx(3.0));    // a page
}

TEST_CASE("trackpad fractions are kept; flicks and nonsense are bounded") {
    CHECK(wheel_notches(0, 4, 0).vertical == doctest::Approx(-0.04));
    CHECK(wheel_notches(0, 12000, 0).vertical == doctest::Approx(-5.0));
    CHECK(wheel_notches(-9000, 0, 0).horizontal == doctest::Approx(5.0));
    CHECK(wheel_notches(0, std::numeric_limits<double>::quiet_NaN(), 0).vertical == 0.0f);
    CHECK(wheel_notches(0, std::numeric_limits<double>::infinity(), 1).vertical == 0.0f);
}

TEST_CASE("a finger's pan is the notches that move a panel by as many pixels, the same way") {
    CHECK(cw::app::pan_notches(100.0f, 20.0f) == doctest::Approx(1.0f));   // finger down: content down, as a wheel up
    CHECK(cw::app::pan_notches(-30.0f, 15.0f) == doctest::Approx(-0.4f));
    CHECK(cw::app::pan_notches(50.0f, 0.0f) == 0.0f);
}
