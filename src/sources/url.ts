/** "https://api.example/v2//" without its trailing slashes (a loop, not a pattern: linear whatever the input). */
export function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}
