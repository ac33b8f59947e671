declare module 'xhr2' {
  /** XMLHttpRequest on Node's http module, as browsers define it. */
  const XMLHttpRequest: typeof globalThis.XMLHttpRequest;
  export default XMLHttpRequest;
}
