/**
 * Regular-expression options. ESLint's schema can only say "a string"; an invalid expression would
 * otherwise stop ESLint with a bare `SyntaxError` that names neither the rule's option nor a fix.
 */

/** Compiled expressions by flags, then by pattern: the option's own string, whose hash is kept, is the key (no key built per file). */
const compiled = new Map<string, Map<string, RegExp>>();

/**
 * Compiles the value of the regular-expression option `option`, or throws an Error whose one-line
 * message names the option, repeats the value, gives the reason and an example (ESLint prefixes it
 * with "Error while loading rule '<id>'"). Compiled expressions are cached per value and flags.
 */
export function compileOptionPattern(option: string, pattern: string, flags: string, example: string, off?: string): RegExp {
  let byPattern = compiled.get(flags);
  if (!byPattern) compiled.set(flags, (byPattern = new Map<string, RegExp>()));
  const cached = byPattern.get(pattern);
  if (cached) return cached;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `The ${option} option ${JSON.stringify(pattern)} is not a valid regular expression (${reason}); give a JavaScript regular expression such as ${JSON.stringify(example)}${off ? `, or ${off}` : ''}.`,
    );
  }
  byPattern.set(pattern, regex);
  return regex;
}
