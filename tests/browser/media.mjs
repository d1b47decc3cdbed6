// Test media made on the spot with ffmpeg's own sources (no downloaded assets), and ffprobe reads
// of what the app exports.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function ffmpeg(args) {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

export function make_clip(dir, { name = 'clip.mp4', seconds = 4, size = '1280x720' } = {}) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30:duration=${seconds}`,
          '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
          '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file]);
  return file;
}

// Uncompressed video in Matroska: a real media file of about the wanted size, made in seconds.
export function make_big_video(dir, megabytes) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `big_${megabytes}mb.mkv`);
  const frame_bytes = 1280 * 720 * 1.5;
  const frames = Math.floor((megabytes * 1024 * 1024 - 65536) / frame_bytes);
  if (!existsSync(file)) {
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-frames:v', String(frames),
            '-c:v', 'rawvideo', '-pix_fmt', 'yuv420p', file]);
  }
  return file;
}

export function make_images(dir, count, { size = '1280x720', ext = 'jpg' } = {}) {
  mkdirSync(dir, { recursive: true });
  const colours = ['red', 'orange', 'green', 'blue', 'purple', 'teal', 'gray'];
  return Array.from({ length: count }, (_, i) => {
    const file = join(dir, `photo_${i + 1}.${ext}`);
    ffmpeg(['-f', 'lavfi', '-i', `color=c=${colours[i % colours.length]}:size=${size}:duration=1`,
            '-vf', `drawbox=x=${100 + i * 60}:y=100:w=300:h=200:color=white@0.8:t=fill`, '-frames:v', '1', file]);
    return file;
  });
}

// A real HEIF photo, encoded by libheif's own encoder from a picture ffmpeg draws.
export function make_heif(dir, name = 'photo.heif') {
  const [png] = make_images(join(dir, 'heif-source'), 1, { ext: 'png' });
  const file = join(dir, name);
  execFileSync('heif-enc', ['-q', '80', png, '-o', file], { stdio: 'ignore' });
  return file;
}

export function make_audio(dir, { name = 'music.mp3', seconds = 20 } = {}) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=330:duration=${seconds}`, '-c:a', 'libmp3lame', '-b:a', '96k', file]);
  return file;
}

// A text file dressed up as a video: the server must judge by content, not by name.
export function make_fake_video(dir, name = 'not_really.mp4') {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, 'this is plain text, not a video\n'.repeat(200));
  return file;
}

export function probe(file) {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file]);
  return JSON.parse(out.toString());
}

// A GIF loops when it carries the NETSCAPE2.0 application extension.
export function gif_loops(buffer) {
  return buffer.includes(Buffer.from('NETSCAPE2.0'));
}
