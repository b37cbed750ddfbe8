export type { Assistant, AssistantReply, AssistantRequest, Usage } from './types.ts';
export { AssistantUnavailableError } from './types.ts';
export { createResponsesAssistant } from './responses.ts';
export { createHttpAssistant } from './http.ts';
export { createRecordedAssistant } from './recorded.ts';
export { chooseAssistant } from './choose.ts';
