/** What a browser ends on after following redirects: the page and the URLs it went through. */
export interface BrowserVisit {
  status: number;
  url: string;
  body: string;
  /** Every URL visited, first to last. */
  hops: string[];
}

/** Follows redirects like a browser (GET, Location), up to 10 hops; loopback only, like every test. */
export async function browse(start: string): Promise<BrowserVisit> {
  const hops: string[] = [];
  let url = start;
  for (let i = 0; i < 10; i++) {
    hops.push(url);
    const res = await fetch(url, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url).href;
      await res.arrayBuffer();
      continue;
    }
    return { status: res.status, url, body: await res.text(), hops };
  }
  throw new Error(`too many redirects from ${start}`);
}

/** The visible text of an HTML page, for assertions on what a person reads. */
export function pageText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** The href of the link whose text contains `label`. */
export function linkIn(html: string, label: string): string | undefined {
  for (const m of html.matchAll(/<a [^>]*href="([^"]+)"[^>]*>([^<]*)<\/a>/g)) {
    if ((m[2] ?? '').includes(label)) return (m[1] ?? '').replace(/&amp;/g, '&');
  }
  return undefined;
}
