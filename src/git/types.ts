/** A file as it should be on the proposal's branch (path from the repository root). */
export type FileChange = { path: string; content: string };

/** What a proposal asks reviewers to merge. */
export type ProposalRequest = {
  /** Stable key of the knowledge: the same key always means the same branch and pull request. */
  key: string;
  title: string;
  body: string;
  labels: string[];
  changes: FileChange[];
};

export type Proposal = {
  key: string;
  branch: string;
  base: string;
  /** The branch's head commit after this call. */
  head: string;
  /** Pull request number and address on a hosting service; null for a local branch. */
  number: number | null;
  url: string | null;
  /** False when the branch already held exactly these changes (nothing was committed). */
  updated: boolean;
};

/** What reviewers of a local repository can do with a proposal branch (GitHub has its own buttons). */
export type LocalReview = {
  /** The change as `git diff <base>...<branch>` shows it. */
  diff(branch: string): Promise<string>;
  /** Merges the branch into the base (in the work tree when it has the base checked out) and deletes it. */
  merge(branch: string, message: string): Promise<string>;
  /** Deletes the branch, leaving the base as it was. */
  reject(branch: string): Promise<void>;
};

/** A question for people rather than a change: what an issue on the hosting service says. */
export type IssueRequest = { title: string; body: string; labels: string[] };

/** Where proposals go: GitHub pull requests, or branches of a local repository. Never merges by itself. */
export type PrHost = {
  readonly kind: 'local' | 'github';
  /** A file's content on the base branch, or null when it does not exist there. */
  readFile(path: string): Promise<string | null>;
  /** Opens the proposal, or adds a commit to the open one with the same key; idempotent for equal content. */
  propose(request: ProposalRequest): Promise<Proposal>;
  /** Opens an issue, where the host has them (GitHub); a local repository has none. */
  openIssue?(request: IssueRequest): Promise<{ number: number; url: string }>;
};
