# compare_progress.gp - training progress of one job, per variant (fleetsim 0.1.0)
#
# Draws compare_progress.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot compare_progress.gp
# or for one format:    gnuplot -e "fmt='pdf'" compare_progress.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'compare_progress.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 20260601, 4 replicates per variant' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set multiplot title 'deepseek_2026_scaleup: progress of next_model, by strategy' font ',24'
    set xdata time
    set timefmt '%Y-%m-%dT%H:%M'
    set xrange [1780272000:1874966400]
    unset mxtics
    set xtics ("Jul\n2026" 1782864000, "Jan\n2027" 1798761600, "Jul" 1814400000, "Jan\n2028" 1830297600, "Jul" 1846022400, "Jan\n2029" 1861920000)
    set grid xtics
    set xlabel 'Date (UTC)' offset 0,-0.6
    set ylabel 'FLOP budget done (%)'
    set yrange [0:105]
    set ytics 0,20,100
    set bmargin 6.5
    set tmargin at screen 0.76
    set object 500 rect from screen 0.0625, screen 0.8949 to screen 0.0788, screen 0.9151 fc rgb '#000000' fs solid 1.0 noborder front
    set label 500 'baseline (P(finish) = 100 %)' at screen 0.0853, screen 0.9050 left front
    set object 501 rect from screen 0.3342, screen 0.8949 to screen 0.3505, screen 0.9151 fc rgb '#0072B2' fs solid 1.0 noborder front
    set label 501 'route_ascend_910b (P(finish) = 100 %)' at screen 0.3570, screen 0.9050 left front
    set object 502 rect from screen 0.6963, screen 0.8949 to screen 0.7126, screen 0.9151 fc rgb '#E69F00' fs solid 1.0 noborder front
    set label 502 'route_h20 (P(finish) = 0 %)' at screen 0.7191, screen 0.9050 left front
    set object 503 rect from screen 0.0329, screen 0.8599 to screen 0.0491, screen 0.8801 fc rgb '#009E73' fs solid 1.0 noborder front
    set label 503 'route_h200 (P(finish) = 25 %)' at screen 0.0556, screen 0.8700 left front
    set object 504 rect from screen 0.3199, screen 0.8599 to screen 0.3362, screen 0.8801 fc rgb '#CC79A7' fs solid 1.0 noborder front
    set label 504 'route_grey_h100 (P(finish) = 75 %)' at screen 0.3427, screen 0.8700 left front
    set object 505 rect from screen 0.6515, screen 0.8599 to screen 0.6678, screen 0.8801 fc rgb '#56B4E9' fs solid 1.0 noborder front
    set label 505 'route_grey_b200 (P(finish) = 100 %)' at screen 0.6743, screen 0.8700 left front
    set object 506 rect from screen 0.0270, screen 0.8249 to screen 0.0433, screen 0.8451 fc rgb '#332288' fs solid 1.0 noborder front
    set label 506 'route_rent_my (P(finish) = 100 %)' at screen 0.0498, screen 0.8350 left front
    set object 507 rect from screen 0.3502, screen 0.8249 to screen 0.3664, screen 0.8451 fc rgb '#882255' fs solid 1.0 noborder front
    set label 507 'route_h800_existing (P(finish) = 100 %)' at screen 0.3729, screen 0.8350 left front
    set object 508 rect from screen 0.7182, screen 0.8249 to screen 0.7344, screen 0.8451 fc rgb '#c8c8c8' fs solid 1.0 noborder front
    set label 508 'bands: P5-P95 of 4 replicates' at screen 0.7409, screen 0.8350 left front
    plot \
        'compare_progress.dat' index 7 using 1:($2*100):($4*100) with filledcurves fc rgb '#882255' fs transparent solid 0.18 noborder, \
        'compare_progress.dat' index 6 using 1:($2*100):($4*100) with filledcurves fc rgb '#332288' fs transparent solid 0.18 noborder, \
        'compare_progress.dat' index 5 using 1:($2*100):($4*100) with filledcurves fc rgb '#56B4E9' fs transparent solid 0.18 noborder, \
        'compare_progress.dat' index 4 using 1:($2*100):($4*100) with filledcurves fc rgb '#CC79A7' fs transparent solid 0.18 noborder, \
        'compare_progress.dat' index 3 using 1:($2*100):($4*100) with filledcurves fc rgb '#009E73' fs transparent solid 0.18 noborder, \
        'compare_progress.dat' index 2 using 1:($2*100):($4*100) with filledcurves fc rgb '#E69F00' fs transparent solid 0.18 noborder, \
        'compare_progress.dat' index 1 using 1:($2*100):($4*100) with filledcurves fc rgb '#0072B2' fs transparent solid 0.18 noborder, \
        'compare_progress.dat' index 0 using 1:($2*100):($4*100) with filledcurves fc rgb '#000000' fs transparent solid 0.18 noborder, \
        'compare_progress.dat' index 7 using 1:($3*100) with lines lw 3.5 dt (8,4) lc rgb '#882255', \
        'compare_progress.dat' index 6 using 1:($3*100) with lines lw 3.5 dt (8,4) lc rgb '#332288', \
        'compare_progress.dat' index 5 using 1:($3*100) with lines lw 3.5 dt 1 lc rgb '#56B4E9', \
        'compare_progress.dat' index 4 using 1:($3*100) with lines lw 3.5 dt 1 lc rgb '#CC79A7', \
        'compare_progress.dat' index 3 using 1:($3*100) with lines lw 3.5 dt 1 lc rgb '#009E73', \
        'compare_progress.dat' index 2 using 1:($3*100) with lines lw 3.5 dt 1 lc rgb '#E69F00', \
        'compare_progress.dat' index 1 using 1:($3*100) with lines lw 3.5 dt 1 lc rgb '#0072B2', \
        'compare_progress.dat' index 0 using 1:($3*100) with lines lw 3.5 dt 1 lc rgb '#000000'
    unset multiplot
    set output
}
