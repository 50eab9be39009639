// Makes the response's CSP nonce available to components that render <script> tags.
import { createContext, useContext } from "react"

const NonceContext = createContext("")
export const NonceProvider = NonceContext.Provider
export const useNonce = () => useContext(NonceContext)
