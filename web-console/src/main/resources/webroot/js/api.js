// The console's only way to the node: the public REST API, authenticated by the HttpOnly session cookie.

/** A failed request: HTTP status, the problem's detail and its per-field errors ({key, message}). */
export class ApiError extends Error {
  constructor(status, detail, errors = [], retryAfter = null) {
    super(detail || `request failed (${status})`);
    this.status = status;
    this.errors = errors;
    this.retryAfter = retryAfter;
  }
}

// Sent on every request: the server requires it on cookie-authenticated changes (CSRF protection).
const CSRF = { 'X-Requested-With': 'merchantry-console' };

async function problem(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // not JSON: fall back to the status line
  }
  const retry = response.headers.get('Retry-After');
  return new ApiError(response.status, body?.detail || response.statusText || `HTTP ${response.status}`,
    body?.errors || [], retry ? Number(retry) : null);
}

/**
 * Calls the API and answers the parsed JSON (null for 204). A 401 outside the login tells the app the session
 * ended. `body` is sent as JSON unless it is a Blob/File (sent raw with `contentType`).
 */
export async function api(method, path, body, { contentType } = {}) {
  const headers = { ...CSRF, Accept: 'application/json' };
  let payload;
  if (body instanceof Blob) {
    payload = body;
    headers['Content-Type'] = contentType || 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'cannot reach the Merchantry node: check that it is running');
  }
  if (!response.ok) {
    const error = await problem(response);
    if (response.status === 401 && path !== '/api/v1/sessions') {
      window.dispatchEvent(new CustomEvent('mr-unauthorized'));
    }
    throw error;
  }
  if (response.status === 204) {
    return null;
  }
  return response.json();
}

/**
 * Calls the API for a file answer (e.g. CSV): resolves to {blob, filename} where filename comes from
 * Content-Disposition when the server names one. Errors as for api().
 */
export async function apiBlob(method, path, body) {
  const headers = { ...CSRF, Accept: 'text/csv, application/json' };
  let payload;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'cannot reach the Merchantry node: check that it is running');
  }
  if (!response.ok) {
    const error = await problem(response);
    if (response.status === 401) window.dispatchEvent(new CustomEvent('mr-unauthorized'));
    throw error;
  }
  let blob;
  try {
    blob = await response.blob();
  } catch (e) {
    // The server resets the connection when the stream fails midway, so a cut file is never taken as whole.
    throw new ApiError(0, 'the download was interrupted before it was complete; try again');
  }
  const disposition = response.headers.get('Content-Disposition') || '';
  const named = /filename="?([^";]+)"?/.exec(disposition);
  return { blob, filename: named ? named[1] : null };
}

/** Uploads a file as the raw body with upload progress (fetch cannot report it); resolves to the JSON reply. */
export function upload(path, file, contentType, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('X-Requested-With', CSRF['X-Requested-With']);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = e => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, 'the upload was interrupted: check that the node is running'));
    xhr.onload = () => {
      let body = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch (e) {
        // not JSON
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body);
      } else {
        if (xhr.status === 401) window.dispatchEvent(new CustomEvent('mr-unauthorized'));
        reject(new ApiError(xhr.status, body?.detail || `upload failed (${xhr.status})`, body?.errors || []));
      }
    };
    xhr.send(file);
  });
}

/** Path segment encoding for ids in URLs. */
export const seg = encodeURIComponent;
