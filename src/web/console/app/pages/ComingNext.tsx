/** A section whose page is still being built: says so plainly rather than showing an empty screen. */
export function ComingNext(props: { title: string }) {
  return (
    <section>
      <h1>{props.title}</h1>
      <p class="coming">Coming next: this page is not built yet. Everything it will show is already in the API (see the README).</p>
    </section>
  );
}
