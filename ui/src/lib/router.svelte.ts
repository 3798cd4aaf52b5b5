import { href, parseRoute, type Route } from "./router";

export const router = $state<{ route: Route }>({ route: parseRoute(location.hash) });

let listening = false;

/** Follows `location.hash`; call once at startup. */
export function startRouter(onChange?: (route: Route) => void): () => void {
  if (listening) return () => {};
  listening = true;
  const update = (): void => {
    router.route = parseRoute(location.hash);
    onChange?.(router.route);
  };
  window.addEventListener("hashchange", update);
  return () => {
    window.removeEventListener("hashchange", update);
    listening = false;
  };
}

export function navigate(route: Route): void {
  const target = href(route);
  if (location.hash === target) {
    router.route = parseRoute(target);
  } else {
    location.hash = target;
  }
}
