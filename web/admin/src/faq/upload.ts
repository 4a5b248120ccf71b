// Sends a file as the raw body of a POST with XMLHttpRequest, whose upload events give the
// progress fetch cannot, and answers like request() does (the parsed body, or an ApiError).
import { ApiError, apiErrorOf } from '../../../shared/api.js';

export type UploadPhase = { phase: 'uploading'; percent: number } | { phase: 'processing' };

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The Content-Type the import takes for a file name, or null for another kind of file. */
export function importContentType(name: string): string | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'text/csv';
  if (lower.endsWith('.xlsx')) return XLSX_TYPE;
  return null;
}

export function uploadFile<T>(url: string, file: Blob, contentType: string, onProgress: (p: UploadPhase) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', contentType);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress({ phase: 'uploading', percent: Math.floor((e.loaded / e.total) * 100) });
    };
    // Sent: the server now reads and checks every row, which takes a moment for a large file.
    xhr.upload.onload = () => onProgress({ phase: 'processing' });
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error'));
    xhr.onload = () => {
      let payload: unknown;
      try {
        payload = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        payload = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(payload as T);
      else reject(apiErrorOf(xhr.status, payload, xhr.statusText));
    };
    onProgress({ phase: 'uploading', percent: 0 });
    xhr.send(file);
  });
}
