export { createSlackNotifier, type SlackNotifier, type NotifyOutcome } from './slack.ts';
