// What every page needs to know: who is signed in, and how to stop a page's timers when it is left.

let signedIn = null;

/** The signed-in admin (GET /v1.0/admin/me), or null. */
export const currentAdmin = () => signedIn;
export const setCurrentAdmin = (admin) => {
  signedIn = admin;
};

/** Whether the signed-in admin's role allows `permission` (read, remoteActions, …). */
export const can = (permission) => Boolean(signedIn?.permissions.includes(permission));

let leaving = () => {};
/** Runs `callback` when the user goes to another page (stops polling). */
export const onLeave = (callback) => {
  leaving = callback;
};
export const leavePage = () => {
  leaving();
  leaving = () => {};
};

/** The query of the location hash (`#/devices?platform=iOS` → URLSearchParams). */
export const hashQuery = () => new URLSearchParams(location.hash.split('?')[1] ?? '');

/** Replaces the hash query without adding to history when `replace`. */
export function setHashQuery(path, params) {
  const query = new URLSearchParams(
    Object.entries(params).filter(
      ([, value]) => value !== undefined && value !== null && value !== '',
    ),
  ).toString();
  location.hash = `${path}${query ? `?${query}` : ''}`;
}
