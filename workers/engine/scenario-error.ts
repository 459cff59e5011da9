// The error of an unusable scenario or lever: every problem found, in French, naming the lever and
// the field (shown to the user as they are). Its own module so that the lever kinds can throw it.
export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}
