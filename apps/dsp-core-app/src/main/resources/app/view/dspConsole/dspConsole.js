// The DSP console view of ONOS's GUI: the page is the console itself (an iframe of
// /onos/dsp/v1/gui/, served by DSP's REST application behind ONOS's login), so the
// view's controller has nothing to do but exist for the GUI's router.
(function () {
    'use strict';

    angular.module('ovDspConsole', [])
        .controller('OvDspConsoleCtrl', ['$log', function ($log) {
            $log.debug('DSP console view');
        }]);
}());
