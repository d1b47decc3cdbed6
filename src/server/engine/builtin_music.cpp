// Synthesises one 8-second cycle of the music bed and loops it: a sustained pad whose envelope is
// silent at each chord change (so frequency switches never click) plus a plucked arpeggio.
#include "builtin_music.hpp"

#include <cstdio>

namespace cw::server {

namespace {

constexpr int kSampleRate = 48000;
constexpr int kCycleSeconds = 8;  // four chords of two seconds

// Variables: 0 chord index, 1 root Hz, 2 third ratio, 3 pad envelope, 4 time in beat, 5 pluck envelope,
// 6 arpeggio step. Commas and semicolons are quoted by the caller.
const char* kCycleExpression =
    "st(0,mod(floor(t/2),4));"
    "st(1,if(eq(ld(0),0),261.63,if(eq(ld(0),1),196.00,if(eq(ld(0),2),220.00,174.61))));"
    "st(2,if(eq(ld(0),2),1.18921,1.25992));"
    "st(3,sin(PI*mod(t,2)/2));"
    "st(4,mod(t,0.5));"
    "st(5,min(1,ld(4)*80)*exp(-7*ld(4)));"
    "st(6,mod(floor(t/0.5),4));"
    "0.12*ld(3)*(sin(2*PI*ld(1)*t)+sin(2*PI*ld(1)*ld(2)*t)+sin(2*PI*ld(1)*1.49831*t)+0.8*sin(PI*ld(1)*t))"
    "+0.22*ld(5)*sin(4*PI*ld(1)*if(eq(ld(6),1)+eq(ld(6),3),ld(2),if(eq(ld(6),2),1.49831,1))*t)";

}  // namespace

std::string builtin_music_source(double duration_s) {
    char tail[160];
    std::snprintf(tail, sizeof tail,
                  "':s=%d:d=%d,aloop=loop=-1:size=%d,atrim=end=%.3f,aformat=sample_rates=%d:channel_layouts=stereo",
                  kSampleRate, kCycleSeconds, kSampleRate * kCycleSeconds, duration_s, kSampleRate);
    return std::string("aevalsrc='") + kCycleExpression + tail;
}

}  // namespace cw::server
