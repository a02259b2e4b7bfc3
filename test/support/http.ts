/** Parsed JSON body of a test response; loosely typed on purpose, since the assertions are the type check. */
// biome-ignore lint/suspicious/noExplicitAny: test-only convenience for asserting on response bodies
export async function body(res: Response): Promise<any> {
  return res.json();
}
