export { createSlackNotifier, escapeMrkdwn, type SlackMessage, type SlackNotifier, type NotifyOutcome } from './slack.ts';
