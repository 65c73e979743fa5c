/**
 * Presence on screen, wired to the board's view: this user's pointer, viewport, focus (selection,
 * or the shape being drawn), laser, slide and whether they are away published; other people's
 * cursors, focused shapes and laser trails drawn over the canvas; the people list, where clicking
 * someone follows their view until this user pans or zooms, and "Bring everyone to me"
 * (following.ts); a banner saying who is being followed.
 */
import * as Y from 'yjs';
import type { BoardApp } from './board-app';
import type { Camera } from './canvas/camera';
import { changedParts } from './collab/changed-parts';
import { watchAway } from './collab/away';
import { LaserReceiver, LaserSender } from './collab/laser-trail';
import { saveIdentity, type Identity } from './collab/identity';
import { CURSOR_INTERVAL_MS, type PeerPresence, type Point, type Presence, type Viewport } from './collab/presence';
import { Following } from './following';
import { createFollowBanner } from './ui/follow-banner';
import { LASER_FADE_MS } from './ui/laser-overlay';
import { createPeopleList } from './ui/people-list';
import { createPresenceCarets, type ScreenCaretPlace } from './ui/presence-carets';
import { createPresenceCursors } from './ui/presence-cursors';
import { createPresenceOutlines } from './ui/presence-outlines';

/** The board area a person's screen shows. */
function viewBounds(viewport: Viewport): { minX: number; minY: number; maxX: number; maxY: number } {
  const halfW = (viewport.w ?? 0) / 2 / viewport.zoom;
  const halfH = (viewport.h ?? 0) / 2 / viewport.zoom;
  return { minX: viewport.x - halfW, minY: viewport.y - halfH, maxX: viewport.x + halfW, maxY: viewport.y + halfH };
}

/** A shape counts as "being drawn" until this long after this user's last change to it. */
const DRAWING_LINGER_MS = 800;

export interface PresenceView {
  readonly people: HTMLElement;
  readonly overlay: HTMLElement;
  readonly model: Presence;
}

export function mountPresenceView(
  canvasHost: HTMLElement,
  app: BoardApp,
  model: Presence,
  onIdentity: (identity: Identity) => void = saveIdentity,
): PresenceView {
  const { view, board, selection } = app;
  const toScreen = (point: Point): Point => {
    const camera = view.camera;
    return { x: point.x * camera.scale + camera.x, y: point.y * camera.scale + camera.y };
  };
  const viewportOf = (camera: Camera): Viewport => ({
    x: (view.width / 2 - camera.x) / camera.scale,
    y: (view.height / 2 - camera.y) / camera.scale,
    zoom: camera.scale,
    w: view.width,
    h: view.height,
  });

  const cursors = createPresenceCursors({ toScreen });
  // Bounds from the view's index, which has them already (reading the shape again would copy
  // a long stroke's points on every update while someone draws it).
  const outlines = createPresenceOutlines({ toScreen, boundsOf: (id) => view.index.bounds(id) ?? null });
  const carets = createPresenceCarets();
  /** Where a peer's caret is: its relative position resolved in the text it names. */
  const placeCaret = (peer: PeerPresence): ScreenCaretPlace | null => {
    const caret = peer.caret;
    const text = caret ? board.shapes.get(caret.id)?.get(caret.field) : undefined;
    if (!caret || !(text instanceof Y.Text)) return null;
    let head: Y.AbsolutePosition | null;
    try {
      head = Y.createAbsolutePositionFromRelativePosition(caret.head, board.doc);
    } catch {
      return null;
    }
    if (!head || head.type !== text) return null;
    return app.caretAt(caret.id, caret.field, head.index);
  };
  // Once a frame, after the editor and the canvas have followed whatever moved the text.
  let caretFrame: number | null = null;
  const renderCarets = (): void => {
    caretFrame ??= requestAnimationFrame(() => {
      caretFrame = null;
      carets.render(model.peers(), placeCaret);
    });
  };

  const following = new Following(view, model);
  const people = createPeopleList({
    onIdentity: (identity) => {
      onIdentity(identity);
      model.setIdentity(identity);
    },
    onFollow: (clientId) => {
      following.follow(clientId);
      render();
    },
    onSpotlight: (on) => {
      following.setSpotlight(on);
      render();
    },
  });
  const banner = createFollowBanner({
    stopFollowing: () => {
      following.cameraMoved();
      following.follow(null);
      render();
    },
    stopSpotlight: () => {
      following.setSpotlight(false);
      render();
    },
  });
  app.setSpotlightControl({
    active: () => following.spotlightOn,
    toggle: () => {
      following.setSpotlight(!following.spotlightOn);
      render();
    },
  });
  app.slideshow.onChange((frameId) => model.setSlide(frameId));
  watchAway((away) => model.setAway(away));

  // Laser trails: this user's go out as presence (and leave it once faded, so a late joiner sees
  // no stale flash); everyone else's are drawn as their new points arrive.
  const laserOut = new LaserSender();
  const laserIn = new LaserReceiver();
  let laserIdle: ReturnType<typeof setTimeout> | null = null;
  app.onLaser((run, points) => {
    model.setLaser(laserOut.add(run, points));
    if (laserIdle) clearTimeout(laserIdle);
    laserIdle = setTimeout(() => model.setLaser(null), LASER_FADE_MS);
  });
  const drawLasers = (peers: readonly PeerPresence[]): void => {
    for (const peer of peers) {
      if (peer.isSelf) {
        app.setOwnColor(peer.color);
        continue;
      }
      const delta = laserIn.receive(peer.clientId, peer.laser);
      if (delta) app.lasers.add(`peer:${peer.clientId}`, peer.color, delta.run, delta.points, CURSOR_INTERVAL_MS);
    }
  };

  let lastViews = '';
  const render = (): void => {
    const peers = model.peers();
    drawLasers(peers);
    const views = peers.flatMap((p) => (!p.isSelf && p.viewport?.w && p.viewport.h ? [{ name: p.name, color: p.color, bounds: viewBounds(p.viewport) }] : []));
    // Cursors move twenty times a second; the minimap redraws only when a view moved.
    const viewsKey = JSON.stringify(views);
    if (viewsKey !== lastViews) app.setPeerViews(views);
    lastViews = viewsKey;
    following.update(peers);
    people.render(peers, { following: following.leader, spotlightOn: following.spotlightOn });
    banner.render(peers, following.leader, following.spotlightOn);
    cursors.render(peers);
    outlines.render(peers);
    renderCarets();
  };
  model.onChange(render);

  view.onCameraChange((camera) => {
    // Panning or zooming by hand ends following someone.
    following.cameraMoved();
    model.setViewport(viewportOf(camera));
    cursors.reposition();
    outlines.reposition();
    renderCarets();
  });
  model.setViewport(viewportOf(view.camera));

  // Focus: the selection, plus what this user changed in the last moments (a stroke being drawn).
  const drawing = new Map<string, number>();
  let expiry: ReturnType<typeof setTimeout> | null = null;
  const publishFocus = (): void => {
    const now = Date.now();
    for (const [id, until] of drawing) if (until <= now) drawing.delete(id);
    model.setFocus([...new Set([...selection.ids, ...drawing.keys()])]);
  };
  selection.onChange(publishFocus);
  board.doc.on('afterTransaction', (transaction) => {
    if (transaction.local) {
      for (const id of changedParts(transaction, board.shapes as unknown as Y.AbstractType<unknown>)) {
        if (board.shapes.has(id)) drawing.set(id, Date.now() + DRAWING_LINGER_MS);
      }
      publishFocus();
      // One timer, pushed back by each change: it fires once the drawing has paused.
      if (expiry) clearTimeout(expiry);
      expiry = setTimeout(publishFocus, DRAWING_LINGER_MS + 50);
    } else {
      // Someone else's change moved or resized a shape another person has in focus.
      outlines.reposition();
    }
    // Typing (anyone's) moves the characters carets sit on.
    renderCarets();
  });
  app.onTextCaret((caret) => model.setTextCaret(caret));

  canvasHost.addEventListener('pointermove', (event) => model.setCursor(view.toBoardPoint(event.clientX, event.clientY)));
  canvasHost.addEventListener('pointerleave', () => model.setCursor(null));

  const overlay = document.createElement('div');
  overlay.className = 'presence-overlay';
  overlay.append(outlines.element, cursors.element, carets.element, banner.element);
  render();
  return { people: people.element, overlay, model };
}
