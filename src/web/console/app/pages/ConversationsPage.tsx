/** Conversations: not built yet. */
import type { Me } from "../types";
import { ComingNext } from "./ComingNext";

export function ConversationsPage(_props: { me: Me }) {
  return <ComingNext title="Conversations" />;
}
