/** Placeholder: the webhook benchmark arrives with issue #3 and replaces this module. */
export async function run(): Promise<void> {
  console.log("webhook: arrives with issue #3");
}
