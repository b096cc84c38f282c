/** Allowed ranges of settings, checked once by the component that takes the value, in the config file's words. */
package io.aya.gslb.setting;
