/** The replay's controls: play or pause, where it is (a scrubber and the time), the speed, video export, close. */
import { CLOSE_ICON, PLAY_ICON } from './history-panel';
import { svg } from './icons';
import './history.css';

const PAUSE_ICON = svg('<path d="M8 5v14M16 5v14" stroke-width="3"/>');
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export interface ReplayBarState { playing: boolean; position: number; total: number; at: number; recording: boolean }

export interface ReplayBarActions {
  speeds: readonly number[];
  speed: number;
  toggle(): void;
  /** Seek to a share (0–1) of the whole replay. */
  seek(share: number): void;
  setSpeed(speed: number): void;
  record(): void;
  close(): void;
}

function clock(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function createReplayBar(actions: ReplayBarActions): { element: HTMLElement; render(state: ReplayBarState): void } {
  const element = document.createElement('div');
  element.className = 'replay-bar';
  element.setAttribute('role', 'region');
  element.setAttribute('aria-label', 'Replay');
  const play = document.createElement('button');
  play.type = 'button';
  play.className = 'tool-button play';
  play.dataset.action = 'play';
  play.addEventListener('click', () => actions.toggle());
  const time = document.createElement('span');
  time.className = 'replay-time';
  const scrub = document.createElement('input');
  scrub.type = 'range';
  scrub.min = '0';
  scrub.max = '1000';
  scrub.setAttribute('aria-label', 'Position in the replay');
  scrub.addEventListener('input', () => actions.seek(Number(scrub.value) / 1000));
  const when = document.createElement('span');
  when.className = 'replay-time';
  const speed = document.createElement('select');
  speed.setAttribute('aria-label', 'Replay speed');
  for (const value of actions.speeds) speed.append(new Option(`${value}×`, String(value), false, value === actions.speed));
  speed.addEventListener('change', () => actions.setSpeed(Number(speed.value)));
  const record = document.createElement('button');
  record.type = 'button';
  record.className = 'secondary-button';
  record.dataset.action = 'record';
  record.textContent = 'Export video';
  record.title = 'Play from the start at this speed and save it as a WebM video';
  record.addEventListener('click', () => actions.record());
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'tool-button small';
  close.innerHTML = CLOSE_ICON;
  close.title = 'Close the replay (Esc)';
  close.setAttribute('aria-label', close.title);
  close.addEventListener('click', () => actions.close());
  element.append(play, time, scrub, when, speed, record, close);

  return {
    element,
    render(state) {
      play.innerHTML = state.playing ? PAUSE_ICON : PLAY_ICON;
      play.title = state.playing ? 'Pause' : 'Play';
      play.setAttribute('aria-label', play.title);
      time.textContent = `${clock(state.position)} / ${clock(state.total)}`;
      if (document.activeElement !== scrub) scrub.value = String(state.total === 0 ? 1000 : Math.round((state.position / state.total) * 1000));
      when.textContent = state.recording ? 'Recording…' : dateTime.format(state.at);
      when.classList.toggle('recording', state.recording);
      for (const control of [play, scrub, speed, record]) control.disabled = state.recording;
    },
  };
}
