/** The training worker: runs a `Session` and answers each request with `postMessage`. */
import { type Request, Session } from './protocol';

const session = new Session();
self.onmessage = (event: MessageEvent<Request>) => {
  for (const reply of session.handle(event.data)) self.postMessage(reply);
};
