/** The gateway's version (equal to package.json's, checked by a test) and its Opencity `app_id`. @module */
export const VERSION = '0.1.0'
export const APP_ID = `varco:${VERSION}`
