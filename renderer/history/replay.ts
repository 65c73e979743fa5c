/**
 * Replay: a board's history played forward over the canvas (replay-timeline.ts), at 1x to 64x, with a scrubber, and
 * saved as a WebM video by recording the canvas it is drawn on (MediaRecorder on `captureStream`, which Chromium and so
 * the desktop app support) while it plays from the start at the chosen speed.
 */
import type { HistoryPart, VersionInfo } from '../../protocol/history';
import { shapeBounds, unionBounds } from '../board/geometry';
import type { Theme } from '../canvas/palette';
import { download } from '../ui/download';
import { createReplayBar } from '../ui/replay-bar';
import { showToast } from '../ui/toast';
import { buildTimeline, TimelinePlayer, type ReplayStep } from './replay-timeline';
import { SceneStage } from './scene-stage';

export const REPLAY_SPEEDS = [1, 2, 4, 8, 16, 32, 64] as const;
const PADDING_PX = 48;
const VIDEO_FPS = 30;
/** A video holds its last frame this long, so it does not end the moment the board is complete. */
const VIDEO_HOLD_MS = 1_500;
const VIDEO_TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];

export class Replay {
  private readonly container = document.createElement('div');
  private readonly stage: SceneStage;
  private readonly steps: ReplayStep[];
  private readonly player: TimelinePlayer;
  private readonly starts: number[] = [];
  private readonly total: number;
  private readonly bar;
  private position = 0;
  private speed = 8;
  private playing = false;
  private frame: number | null = null;
  private last = 0;
  private recorder: MediaRecorder | null = null;
  private readonly resize = new ResizeObserver(() => this.fit());

  constructor(root: HTMLElement, parts: readonly HistoryPart[], versions: readonly VersionInfo[], theme: Theme, private readonly onClose: () => void) {
    this.steps = buildTimeline(parts, versions);
    this.player = new TimelinePlayer(this.steps);
    let at = 0;
    for (const step of this.steps) {
      this.starts.push(at);
      at += step.duration;
    }
    this.total = at;
    this.container.className = 'replay-stage';
    this.container.dataset.testid = 'replay';
    root.append(this.container);
    this.stage = new SceneStage(this.container, this.container.clientWidth, this.container.clientHeight, theme);
    this.bar = createReplayBar({
      speeds: REPLAY_SPEEDS,
      speed: this.speed,
      toggle: () => (this.playing ? this.pause() : this.play()),
      seek: (share) => this.seek(share * this.total),
      setSpeed: (speed) => void (this.speed = speed),
      record: () => this.record(),
      close: () => this.onClose(),
    });
    root.append(this.bar.element);
    this.resize.observe(this.container);
    this.fit();
    this.play();
  }

  destroy(): void {
    this.pause();
    if (this.recorder?.state === 'recording') this.recorder.stop();
    this.resize.disconnect();
    this.stage.destroy();
    this.container.remove();
    this.bar.element.remove();
  }

  private fit(): void {
    this.stage.resize(this.container.clientWidth, this.container.clientHeight);
    const seen = this.steps.flatMap((step) => [...step.added, ...step.changed.map((c) => c.after)]);
    this.stage.fit(unionBounds(seen.map(shapeBounds)), PADDING_PX, 1);
    this.draw();
  }

  private play(): void {
    if (this.position >= this.total) this.position = 0;
    this.playing = true;
    this.last = performance.now();
    this.frame = requestAnimationFrame(this.tick);
    this.draw();
  }

  private pause(): void {
    this.playing = false;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.draw();
  }

  private seek(position: number): void {
    this.position = Math.max(0, Math.min(this.total, position));
    this.draw();
  }

  private readonly tick = (now: number): void => {
    this.position = Math.min(this.total, this.position + (now - this.last) * this.speed);
    this.last = now;
    this.draw();
    if (this.position >= this.total) {
      this.pause();
      const recorder = this.recorder;
      if (recorder?.state === 'recording') this.hold(recorder, now + VIDEO_HOLD_MS);
      return;
    }
    this.frame = requestAnimationFrame(this.tick);
  };

  /**
   * The canvas stream only makes a frame when the canvas is painted: without repainting the finished board, the video's
   * hold would be one frame long, and players show it as ending at once.
   */
  private hold(recorder: MediaRecorder, until: number): void {
    const paint = (now: number): void => {
      if (recorder.state !== 'recording') return;
      if (now >= until) return recorder.stop();
      this.stage.draw();
      this.frame = requestAnimationFrame(paint);
    };
    this.frame = requestAnimationFrame(paint);
  }

  private draw(): void {
    let index = this.starts.findIndex((start, i) => this.position < start + (this.steps[i] as ReplayStep).duration);
    if (index === -1) index = this.steps.length - 1;
    const step = this.steps[index];
    if (!step) return;
    const progress = Math.min(1, (this.position - (this.starts[index] as number)) / step.duration);
    this.stage.show(this.player.seek(index, progress), () => null);
    this.stage.draw();
    this.bar.render({ playing: this.playing, position: this.position, total: this.total, at: step.version.at, recording: this.recorder?.state === 'recording' });
  }

  private record(): void {
    const type = VIDEO_TYPES.find((candidate) => typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(candidate));
    if (!type) return showToast('This browser cannot record video: try the desktop app or Chrome.');
    const recorder = new MediaRecorder(this.stage.canvas.captureStream(VIDEO_FPS), { mimeType: type });
    const chunks: Blob[] = [];
    recorder.addEventListener('dataavailable', (event) => event.data.size > 0 && chunks.push(event.data));
    recorder.addEventListener('stop', () => {
      this.recorder = null;
      this.draw();
      download(new Blob(chunks, { type: 'video/webm' }), 'whiteboard-replay.webm');
      showToast(`Saved the replay at ${this.speed}x as a video.`);
    });
    this.recorder = recorder;
    this.position = 0;
    recorder.start();
    this.play();
  }
}
