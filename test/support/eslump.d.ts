// eslump ships no types; this is the part of its API the fuzz tests use.
declare module 'eslump' {
  export function generateRandomJS(options?: {
    sourceType?: 'module' | 'script';
    maxDepth?: number;
    comments?: boolean;
    whitespace?: boolean;
  }): string;
}
