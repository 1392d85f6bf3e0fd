// The SDK ships without TypeScript declarations; the contract test describes what it uses.
declare module 'facebook-nodejs-business-sdk' {
  const sdk: unknown;
  export default sdk;
}
