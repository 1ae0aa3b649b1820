/** The file's bytes as Base64 (without a `data:` prefix), read in the browser. */
export function readFileAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.onload = () => {
      const result = String(reader.result ?? '');
      resolve(result.slice(result.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

/** The import format from a file name, or null for a file the import does not take. */
export function importFormatOf(filename: string): 'CSV' | 'XLSX' | null {
  const match = /\.(csv|xlsx)$/i.exec(filename.trim());
  return match ? (match[1]!.toUpperCase() as 'CSV' | 'XLSX') : null;
}

/** The file name a `Content-Disposition` header gives, or the fallback. */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]!);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1]! : fallback;
}

/**
 * Downloads a file of the API that needs the session's token (a plain link cannot send it) and
 * offers it under the name the server gives; a refusal throws the server's `error` text.
 */
export async function downloadWithToken(
  path: string,
  token: string | null,
  locale: string,
  fallback: string,
): Promise<void> {
  const response = await fetch(path, {
    headers: { Authorization: `Bearer ${token ?? ''}`, 'Accept-Language': locale },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new Error(body?.error ?? `${response.status} ${response.statusText}`);
  }
  saveBlob(await response.blob(), filenameFromDisposition(response.headers.get('Content-Disposition'), fallback));
}

/** Offers a blob to the user as a download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
